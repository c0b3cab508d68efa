"""Data Docs views: a template compiled by one view is not compiled again by another in the process."""
from __future__ import annotations

import pytest
from great_expectations.render.view import DefaultJinjaPageView

from mediamon.quality.docs_views import SharedTemplatesIndexPageView, SharedTemplatesPageView


def counted_compiles(view: DefaultJinjaPageView, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates the view's Jinja environment compiles from now on."""
    names: list[str] = []
    compile_source = view.env.compile

    def counting(source: str, name: str | None = None, *args: object, **kwargs: object) -> object:
        names.append(name or "")
        return compile_source(source, name, *args, **kwargs)

    monkeypatch.setattr(view.env, "compile", counting)
    return names


def test_a_second_view_reuses_the_templates_the_first_compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    SharedTemplatesPageView()._get_template("bootstrap_table.j2")
    second = SharedTemplatesIndexPageView()
    compiled = counted_compiles(second, monkeypatch)
    assert second._get_template("bootstrap_table.j2").render is not None
    assert compiled == []


def test_gx_own_view_compiles_the_template_again(monkeypatch: pytest.MonkeyPatch) -> None:
    SharedTemplatesPageView()._get_template("bootstrap_table.j2")
    plain = DefaultJinjaPageView()
    compiled = counted_compiles(plain, monkeypatch)
    plain._get_template("bootstrap_table.j2")
    assert compiled == ["bootstrap_table.j2"]
