"""Most read: article reads counted without cookies or third parties."""
