"""Thin Rasa SDK actions; the action server refuses to start on an unasked fake clock."""

from bot.clock import refuse_unasked_fake_clock
from bot.settings import load_settings

refuse_unasked_fake_clock(load_settings())
