"""Plesk REST API v2 routes (being built)."""


def routes(env, listener):
    return []
