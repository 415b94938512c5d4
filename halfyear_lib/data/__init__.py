"""Data: schema, periods, reading and validating inputs, the data set, the demo generator."""
