from repro_hooks.cli import console_main

console_main()
