"""On PYTHONPATH (bench/ab.py --what uvloop), makes `import uvloop` fail: Streamlit then runs its server
on asyncio's own event loop, as it does wherever uvloop is not installed."""

import sys

sys.modules["uvloop"] = None  # an import of a module mapped to None raises ImportError
