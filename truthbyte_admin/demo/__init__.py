"""The demo world: fact tables, pure generation, and the special players' fixed ids."""
