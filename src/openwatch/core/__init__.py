"""The pure core of openwatch: claims, the stance scale, dates and history.

Nothing here does I/O, prints, exits, or imports another openwatch layer.
"""
