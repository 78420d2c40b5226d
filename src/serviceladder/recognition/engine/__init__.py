"""Pure engines of the recognition app (no Django): plain facts in, results with explanations out."""
