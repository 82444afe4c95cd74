"""Media helpers in plain Python (no Django): probe, transcode, poster, transcribe."""
