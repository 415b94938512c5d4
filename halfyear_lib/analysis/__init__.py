"""Analysis: indicators against targets, ranks, enterprises (computes, never draws)."""
