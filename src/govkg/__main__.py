"""`python -m govkg` runs the command-line interface."""

from govkg.launch import main

main()
