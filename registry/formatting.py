"""Plain-text formatting shared by templates (registry_tags) and Python-built rows."""

PARAMETER_UNITS = [(10**12, "T"), (10**9, "B"), (10**6, "M"), (10**3, "K")]


def parameters(value):
    """671000000000 -> "671B", 1500000000 -> "1.5B": the way model cards write sizes."""
    if value in (None, ""):
        return ""
    for size, unit in PARAMETER_UNITS:
        if value >= size:
            return f"{value / size:.1f}".removesuffix(".0") + unit
    return str(value)
