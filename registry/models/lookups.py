"""Query pieces the ORM has no name for, kept small and portable."""

from django.db.models import Lookup


class InSubquery(Lookup):
    """``column IN (subquery)``, written ``column = ANY(ARRAY(subquery))`` on PostgreSQL.

    The PostgreSQL form runs the subquery once, before the outer scan (an InitPlan), and
    leaves a plain indexable ``column = ANY($1)``. That matters inside an OR: a search over a
    model's name OR its company's name can then combine one index scan per branch (a
    BitmapOr) instead of joining and filtering every row. ``IN (subquery)`` or a join would
    make PostgreSQL scan the whole table.
    """

    lookup_name = "in_subquery"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} IN {rhs}", (*lhs_params, *rhs_params)

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)
