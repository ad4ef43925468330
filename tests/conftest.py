import sys
from pathlib import Path

# tests import the tiny-world helpers as a plain module
sys.path.insert(0, str(Path(__file__).parent))
