"""Periodic statistics: releases prepared from the register, approved and published."""
