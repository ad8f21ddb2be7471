# The root: one public submodule on the way (A), one beside it (Other).
{ Top = "top"; }
