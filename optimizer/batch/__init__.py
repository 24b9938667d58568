"""Many practices at once: the practices table (``practices``) and their plans
(``plans``)."""
