"""What an administrator runs across the product's stores: key rotation and retention.

Both work on drafts (intake) and records alike, so they sit above those areas and are called
by the command line.
"""
