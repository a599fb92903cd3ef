"""Load the sales data."""

import sys

import pandas as pd

sys.path.append("/Users/jane/code/lib")


def load_sales() -> pd.DataFrame:
    return pd.read_csv(r"C:\Users\anna\Documents\sales.csv")
