import sys

from repro_hooks.cli import main

sys.exit(main())
