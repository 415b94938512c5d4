"""Analysis: indicators against targets, ranks, enterprises, innovation, key tasks (computes, never draws)."""
