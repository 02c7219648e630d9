"""facts/minutes"""
