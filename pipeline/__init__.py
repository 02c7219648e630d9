"""Extract focus areas, deadlines, figures and meetings from Danish police cooperation plans and minutes."""
__version__ = "0.1.0"
