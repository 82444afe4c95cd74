"""Language analysis in plain Python (no Django): questions, feedback, speech metrics."""
