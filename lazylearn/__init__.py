import sys
__version__ = "0.1.0"
