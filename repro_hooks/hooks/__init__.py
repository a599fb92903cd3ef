"""One package per hook; :mod:`repro_hooks.registry` lists them."""
