"""Forecasting: series, baselines, models and backtests (to come)."""
