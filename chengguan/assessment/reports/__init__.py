"""Monthly and yearly reports: the content (figures, rankings, charts, typical cases, problems) is built
once by `content.build` and rendered as PDF (`pdf`, reportlab with the built-in STSong-Light CID font)
and as an Excel workbook (`xlsx`, openpyxl with native charts)."""
