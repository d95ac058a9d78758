#!/usr/bin/env python
from chengguan.manage import main

if __name__ == "__main__":
    main()
