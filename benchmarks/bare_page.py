"""The yardstick of ``app_speed.py``: the barest Streamlit page with what the planner's
first screen has at least (one toggle, one metric, one table). Not part of the app."""

import pandas as pd
import streamlit as st

small = st.toggle("Small practice")
points = 40 if small else 20
st.metric("Points", f"{points} of 40")
st.table(pd.DataFrame({"ID": ["IA_BE_27", "IA_PSPA_23"], "Points": [points, points]}))
