"""A small, safe evaluator for indicator expressions: numbers, names, + - * /, unary minus, parentheses,
min() and max(). Parsed with `ast` and walked node by node; anything else (attributes, calls to other
functions, subscripts, comparisons …) is refused, so an administrator's formula can never run code.

A missing value (None) or a division by zero makes the whole result None: "no figure", not zero."""

import ast
import operator
from functools import lru_cache

_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
_FUNCTIONS = {"min": min, "max": max}
MAX_LENGTH = 400


class ExpressionError(ValueError):
    """The expression is not one this evaluator accepts; the message says why."""


@lru_cache(maxsize=512)  # a ranking evaluates the same few expressions for every subject
def parse(expression: str) -> ast.Expression:
    if len(expression) > MAX_LENGTH:
        raise ExpressionError(f"The expression is longer than {MAX_LENGTH} characters.")
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"Not an arithmetic expression: {exc.msg}.") from None
    for node in ast.walk(tree):
        if not isinstance(
            node,
            (
                ast.Expression,
                ast.BinOp,
                ast.UnaryOp,
                ast.Constant,
                ast.Name,
                ast.Load,
                ast.Call,
                ast.USub,
                ast.UAdd,
            )
            + tuple(_BINARY),
        ):
            raise ExpressionError(f"“{type(node).__name__}” is not allowed in an indicator expression.")
        if isinstance(node, ast.Constant) and (
            isinstance(node.value, bool) or not isinstance(node.value, int | float)
        ):
            raise ExpressionError("Only numbers may appear as constants.")
        if isinstance(node, ast.Call) and (
            not isinstance(node.func, ast.Name)
            or node.func.id not in _FUNCTIONS
            or node.keywords
            or not node.args
        ):
            raise ExpressionError("Only min(…) and max(…) may be called.")
    return tree


def names(expression: str) -> set[str]:
    """The names an expression refers to (function names excluded)."""
    tree = parse(expression)
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and id(node) not in called}


def fraction(expression: str, variables: dict[str, float | None]) -> tuple[float | None, float | None] | None:
    """(numerator, denominator) of an expression that is one division at its top level, else None."""
    body = parse(expression).body
    if not (isinstance(body, ast.BinOp) and isinstance(body.op, ast.Div)):
        return None
    return _eval(body.left, variables), _eval(body.right, variables)


def evaluate(expression: str, variables: dict[str, float | None]) -> float | None:
    return _eval(parse(expression).body, variables)


def _eval(node, variables):
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        if node.id not in variables:
            raise ExpressionError(f"Unknown name “{node.id}”.")
        value = variables[node.id]
        return None if value is None else float(value)
    if isinstance(node, ast.UnaryOp):
        value = _eval(node.operand, variables)
        return None if value is None else (-value if isinstance(node.op, ast.USub) else value)
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, variables), _eval(node.right, variables)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Div) and right == 0:
            return None
        return _BINARY[type(node.op)](left, right)
    if isinstance(node, ast.Call):
        values = [_eval(arg, variables) for arg in node.args]
        if any(value is None for value in values):
            return None
        return _FUNCTIONS[node.func.id](values)
    raise ExpressionError(
        f"“{type(node).__name__}” is not allowed in an indicator expression."
    )  # pragma: no cover


def apply_bands(value: float | None, bands: list) -> float | None:
    """The score of the highest band whose lower bound the value reaches (bands: [[bound, score], …])."""
    if value is None or not bands:
        return value
    score = 0.0
    for bound, band_score in sorted((float(b), float(s)) for b, s in bands):
        if value >= bound:
            score = band_score
    return score


def check_bands(bands) -> None:
    if not isinstance(bands, list) or not all(
        isinstance(pair, list | tuple) and len(pair) == 2 and all(isinstance(x, int | float) for x in pair)
        for pair in bands
    ):
        raise ExpressionError("Bands must be a list of [lower bound, score] pairs of numbers.")
