"""Readings session 36 added, each held to a real log's answer and the look-alikes they must leave alone.

They come from the misses the log-alone expert read right and the engine did not (docs/reliability.md, session 36):
a pandas method a DataFrame inherits, a method pandas added, geopandas' subclasses, a submodule a release removed
asked as its package's attribute, and an estimator's parameter a pickled object lacks.
"""

from __future__ import annotations

from real_answers import answered, first

PANDAS_TRACE = ("Traceback (most recent call last):\n  File \"x.py\", line 3, in <module>\n    table.{name}()\n"
                "  File \"/usr/lib/python3/site-packages/{package}\", line 5139, in __getattr__\n"
                "    return object.__getattribute__(self, name)\n"
                "AttributeError: 'DataFrame' object has no attribute '{name}'\n")


def test_a_method_a_dataframe_inherits_from_ndframe_is_read_through_its_bases() -> None:
    causes = answered(PANDAS_TRACE.format(name="as_matrix", package="pandas/core/generic.py"))
    assert causes == ["the code calls DataFrame.as_matrix, which the installed pandas does not have: pandas 1.0.0 "
                      "removed it (0.25.3 is the last release with it), so the code was written for an older pandas"]


def test_geopandas_subclasses_inherit_what_pandas_removed() -> None:
    family, cause, fix = first("holdout93a", "movingpandas-56.log")
    assert family == "api-mismatch"
    assert cause == ("the code asks a GeoDataFrame (geopandas' subclass of pandas' DataFrame) for as_matrix, a "
                     "DataFrame method the installed pandas does not have: pandas 1.0.0 removed it (0.25.3 is the last "
                     "release with it), so the code was written for an older pandas")
    assert fix.startswith('install pandas<1.0.0 (pip install "pandas<1.0.0")')


def test_a_method_pandas_added_is_told_only_where_pandas_raised() -> None:
    causes = answered(PANDAS_TRACE.format(name="map", package="pandas/core/generic.py"))
    assert causes == ["the code calls DataFrame.map, which the installed pandas does not have: pandas 2.1.0 added it "
                      "(the releases before it lack it), so the code was written for a newer pandas"]
    # PySpark's DataFrame has no map in any release (its rows are mapped through .rdd): not pandas' history
    assert answered(PANDAS_TRACE.format(name="map", package="pyspark/sql/dataframe.py")) == []
    # no frame says whose DataFrame it is (the real Py_DSSATTools#49, its frames cut before pandas')
    assert answered("AttributeError: 'DataFrame' object has no attribute 'map'\n") == []
    # the installed pandas has it: a column read as an attribute, or another DataFrame
    assert answered(PANDAS_TRACE.format(name="map", package="pandas/core/generic.py") + "pandas==2.2.3\n") == []


def test_a_submodule_a_release_removed_asked_as_its_packages_attribute() -> None:
    for group, log in (("holdout96a", "networkx-7769.log"), ("holdout96a", "networkx-7746.log")):
        family, cause, fix = first(group, log)
        assert family == "api-mismatch", log
        assert cause == ("the code that imports it asks for osmnx.speed, which the installed osmnx does not have: "
                         "osmnx 0.13.0 added it and 2.0.0 removed it (1.9.4 is the last release with it), so that code "
                         "was written for another osmnx")
        assert fix.startswith('install osmnx>=0.13.0,<2.0.0 (pip install "osmnx>=0.13.0,<2.0.0")')
    family, cause, _ = first("holdout87a", "dipy-2010.log")
    assert (family, cause) == ("api-mismatch", "the code that imports it asks for sklearn.linear_model.base, which the "
                               "installed scikit-learn does not have: scikit-learn 0.24.0 removed it (0.23.2 is the "
                               "last release with it), so that code was written for an older scikit-learn")
    # a submodule every release has, read before anything imported it: no release's lack (speechbrain#1568)
    assert answered("AttributeError: module 'torch' has no attribute 'onnx'\n") == []


def test_a_pickled_estimator_lacks_a_parameter_its_class_took_later() -> None:
    family, cause, fix = first("holdout95a", "Malware-Detection-ML-Model-1.log")
    assert family == "api-mismatch"
    assert cause == ("a DecisionTreeClassifier (scikit-learn's class) lacks monotonic_cst, a parameter its __init__ "
                     "takes from scikit-learn 1.4.0 on: the object was made by a scikit-learn release before 1.4.0 (a "
                     "model saved with an older scikit-learn and loaded with this one), or the code reading it was "
                     "written for scikit-learn 1.4.0 or later")
    assert fix.startswith('load the object with the scikit-learn release that saved it (pip install '
                          '"scikit-learn<1.4.0")')
    line = "AttributeError: 'DecisionTreeClassifier' object has no attribute 'monotonic_cst'\n"
    # the release the log shows tells the side
    assert answered(line + "scikit-learn==1.3.2\n") == [
        "a DecisionTreeClassifier (scikit-learn's class) lacks monotonic_cst, a parameter its __init__ takes from "
        "scikit-learn 1.4.0 on: the code reading it was written for scikit-learn 1.4.0 or later"]
    assert answered(line + "scikit-learn==1.5.2\n")[0].endswith(
        "(a model saved with an older scikit-learn and loaded with scikit-learn 1.5.2)")
    # a name of one word is anyone's class; a parameter every release took says nothing of a release
    assert answered("AttributeError: 'Model' object has no attribute 'monotonic_cst'\n") == []
    assert answered("AttributeError: 'DecisionTreeClassifier' object has no attribute 'max_depth'\n") == []
