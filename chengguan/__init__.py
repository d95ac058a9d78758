"""chengguan: a digital urban-management platform (数字城管)."""
