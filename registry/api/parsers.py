from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """JSON bodies the database can store, and that cannot exhaust the stack.

    ``"\\ud800"`` is valid JSON but not encodable as UTF-8, and ``[[[[...]]]]`` thousands deep
    raises RecursionError; DRF would let both through as a 500. Both are parse errors (400).
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
            _check_strings(data)
        except UnicodeEncodeError:
            raise ParseError("JSON parse error - strings must be valid Unicode text.") from None
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply.") from None
        return data


def _check_strings(value):
    if isinstance(value, str):
        value.encode("utf-8")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_strings(key)
            _check_strings(item)
    elif isinstance(value, list):
        for item in value:
            _check_strings(item)
