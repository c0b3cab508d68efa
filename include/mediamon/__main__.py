"""`python -m mediamon` is the same as the `mediamon` command."""
import sys

from mediamon.cli import main

sys.exit(main())
