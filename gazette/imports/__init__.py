"""Moving a newsroom in: archive imports (WordPress WXR, ninjs) and ninjs export."""
