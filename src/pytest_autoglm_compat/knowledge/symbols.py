"""Whose a missing symbol is, read from its name and from macOS dyld's words: another C++ library's (its outermost
namespace), the C++ standard library's, or one asked by a library outside torch and the library being opened.

Split from ``loader_errors`` (which reads the loader's message and answers torch's symbols).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ..model.hints import Hint

#: a mangled C++ name's outermost namespace: its length-prefixed name, or St (std::) ("_ZN5fplll14Enumeration...",
#: "_ZTIN3tvm4NodeE", "_ZNSt13runtime_errorC2EPKc")
#: a name in no namespace ("_Z8cpu_gemm...", a function of the library's own) has none: holdout50b's distractor
#: MinkowskiEngine#36, holdout56b's flash-attention#2022
_MANGLED_NAMESPACE = re.compile(r"_Z(?:TI|TS|TV)?(?:N[VKR]{0,3}(?:(?P<std>St)|(?P<length>[1-9]\d{0,2}))|St)")


#: C libraries known by their functions' prefixes: a package's compiled module missing one of them was built against
#: another release or build of that library than the one loaded (generic.c_libraries answers; torch's readings leave it;
#: Open MPI's own ompi_ symbols: holdout114b's mpi4py#570, #622, built for Open MPI 5 and loading 4; the BLAS's CBLAS
#: interface: holdout119b's face_recognition#731, dlib 19.16 asking cblas_dtrsm of a BLAS without it; HDF5's own
#: library-wide functions are lower-case, H5get_libversion: holdout148b's netcdf4-python#1345)
C_LIBRARIES = {"H5": "HDF5", "GEOS": "GEOS", "MPI_": "MPI", "sqlite3_": "SQLite", "png_": "libpng", "jpeg_": "libjpeg",
               "TIFF": "libtiff", "GDAL": "GDAL", "OGR_": "GDAL", "proj_": "PROJ", "pj_": "PROJ", "geod_": "PROJ",
               "nc_": "netCDF", "FT_": "FreeType", "cairo_": "cairo", "avcodec_": "FFmpeg", "avformat_": "FFmpeg",
               "av_": "FFmpeg", "ompi_": "Open MPI", "cblas_": "CBLAS"}
_C_LIBRARY_PREFIX = re.compile(r"_?(?P<prefix>H5(?=[A-Z]|(?:get_libversion|check_version|open|close|dont_atexit|"
                               r"garbage_collect|free_memory|is_library_threadsafe)\b)|GEOS|MPI_|sqlite3_|png_|jpeg_|TIFF|GDAL|OGR_|proj_|pj_|geod_|"
                               r"nc_|FT_|cairo_|avcodec_|avformat_|av_|ompi_|cblas_)\w")


def c_library_of(symbol: str) -> str | None:
    """The C library a function's name says it is of ("H5Pget_fapl_mpio": HDF5), or None."""
    found = _C_LIBRARY_PREFIX.match(symbol)
    return C_LIBRARIES[found["prefix"]] if found else None


#: namespaces whose projects each keep their own inside: the answer names the inner one
_UMBRELLAS = frozenset({"google"})


#: the installed package whose folder holds the module the loader refused ("dist-packages/MOODS/_parsers.so: undefined")
_PACKAGE_OF_LOADED = re.compile(r"(?:site|dist)-packages[/\\](?P<top>[A-Za-z_]\w{0,100})[/\\][^\s:]{0,300}\.(?:so|pyd)"
                                r"[\w.]{0,20}: undefined symbol")
#: the file the loader names ("/site-packages/pynns.cpython-36m-x86_64-linux-gnu.so: undefined symbol: ...")
_LOADED_FILE = re.compile(r"(?P<stem>[A-Za-z_]\w{0,100})(?:\.[\w.+-]{0,100})?\.(?:so|pyd|dylib)[\w.]{0,20}: "
                          r"undefined symbol")


#: a module loaded from a CMake build tree's configuration folder ("librs/build/Release/pybackend2...so"): the project's
#: own multi-configuration build, beside its own libraries; a symbol of a namespace no other project here is known by is
#: most often the project's own, a source its build left out (holdout151b's distractor librealsense#12330:
#: librealsense::udev_device_watcher, the source not compiled into pybackend2)
_CMAKE_CONFIG_FOLDER = re.compile(r"/build/(?:Release|Debug|RelWithDebInfo|MinSizeRel)/[^/\s]{1,200}\.so[\w.]{0,20}: "
                                  r"undefined symbol")
#: C++ namespaces of other projects, which a project's build links against
_OTHER_PROJECTS = frozenset({"std", "c10", "at", "torch", "caffe2", "tensorflow", "boost", "google", "cv", "Eigen",
                             "pybind11", "llvm", "mlir", "absl", "tvm", "fLI", "fLS", "fLB", "nvinfer1", "onnx",
                             "onnxruntime", "Ogre", "pcl", "vtk", "open3d", "ceres", "gtsam", "tbb", "fmt", "spdlog",
                             "YAML", "Json", "nlohmann", "grpc", "gflags", "folly", "arrow", "parquet",
                             "H5", "cudnn", "Imath", "Imf", "OpenImageIO", "OIIO", "tinyxml2", "cereal"})


def _own_namespace(namespace: str, message: str) -> bool:
    """The symbol is of the loaded module's own name (pynns.so's pynns::, PyOmega_h's Omega_h::, dlib.so's dlib::), or
    of the installed package that holds it (MOODS/_parsers.so's MOODS::): its own code, which its own build left out
    (holdout79b's distractors pybind11#1182 and omega_h#255, a source not linked; holdout77b's dlib#389; holdout138b's
    MOODS#6, a setup.py that compiled too few sources), not a library of another build. (macOS's words name the library
    expected to hold it, read apart: holdout119b's openbabel#2244, an older libopenbabel found.)"""
    found = _LOADED_FILE.search(message)
    stem = found["stem"].lower() if found else ""
    if bool(stem) and namespace.lower() in (stem, stem.lstrip("_"), stem.lstrip("_").removeprefix("py")):
        return True
    package = _PACKAGE_OF_LOADED.search(message) if "-packages" in message else None
    # (an umbrella's folder holds many projects' modules: google/protobuf's _message asking google::protobuf is
    # protobuf's against another protobuf's libprotobuf, the session-41 second reader's PyPOTS#135 and modyn#266)
    return package is not None and package["top"].lower() == namespace.lower() and namespace not in _UMBRELLAS


def other_library_symbol(symbol: str, message: str = "") -> Hint | None:
    """A C++ symbol of a library other than torch that the library loaded lacks: the two from different builds."""
    found = _MANGLED_NAMESPACE.match(symbol)
    if found is None:
        return None
    if found["std"] or found["length"] is None:
        return Hint(f"the compiled library asks for {symbol[:80]}, a symbol of the C++ standard library, which the "
                    "libstdc++ loaded does not define: it was built with a newer compiler, or another C++ ABI setting "
                    "(_GLIBCXX_USE_CXX11_ABI), than the C++ runtime it runs with",
                    "load a libstdc++ at least as new as the compiler that built it (in a conda environment: conda "
                    "install libgcc or libstdcxx-ng; else a newer system libstdc++), or rebuild it with the compiler "
                    "and ABI setting of the libraries it runs with",
                    "the dynamic loader's error: a C++ standard library symbol", category="undefined symbol",
                    family="extension-abi")
    start = found.end()
    namespace = symbol[start:start + int(found["length"])]
    if not re.fullmatch(r"[A-Za-z_]\w*", namespace) or _own_namespace(namespace, message) or (
            _CMAKE_CONFIG_FOLDER.search(message) and namespace not in _OTHER_PROJECTS):
        return None
    inner = re.match(r"[1-9]\d{0,2}", symbol[start + len(namespace):]) if namespace in _UMBRELLAS else None
    if inner is not None:  # google::protobuf, not google
        at = start + len(namespace) + inner.end()
        namespace += "::" + symbol[at:at + int(inner[0])]
    return Hint(f"ABI mismatch: the compiled library asks for a C++ symbol of {namespace} ({symbol[:80]}) that no "
                f"{namespace} library loaded defines: the two come from different builds or releases of {namespace} "
                "(an older or stale copy found first, a build with another C++ ABI setting), or the library that "
                "defines it is not loaded at all",
                f"load the {namespace} library the compiled library was built against (find the copy loaded: ldd, or "
                "otool -L on macOS, on the library the error names; remove a stale copy; install it where none is), "
                f"or rebuild the compiled library against the {namespace} installed (or install a release of its "
                "package whose wheel was built right)",
                f"the dynamic loader's error: a C++ symbol of {namespace}, not of torch", category="undefined symbol",
                family="extension-abi")


#: dyld's "Referenced from: <path>" (macOS 12 puts the image's UUID before it) and the library it first loaded
_REFERENCED_FROM = re.compile(r"Referenced from:\s+(?:<[^>\n]{0,80}>\s+)?(?P<path>[^\s]{1,400})")
_DLOPENED = re.compile(r"dlopen\((?P<path>[^,\n]{1,400}),")


def referenced_elsewhere(message: str) -> bool:
    """dyld names, as the library that asks for the symbol, one that is neither torch's nor the one being opened."""
    referenced = _REFERENCED_FROM.search(message) if "Referenced from:" in message else None
    if referenced is None:
        return False
    path = referenced["path"].replace("\\", "/")
    opened = _DLOPENED.search(message)
    if opened is not None and opened["path"].replace("\\", "/") == path:
        return False
    return "/torch/" not in path and "torch" not in path.rpartition("/")[2]


def is_data_symbol(symbol: str) -> bool:
    """Whether an Itanium-mangled symbol names a variable (a nested name with nothing after it,
    ``_ZN2at19UndefinedTensorImpl10_singletonE``), not a function (whose parameter types follow the name)."""
    if not symbol.startswith("_ZN"):
        return False
    at = 3  # a member function's cv-qualifiers (_ZNK...) stop the walk at once: a function is never a variable
    while at < len(symbol) and symbol[at].isdigit():
        end = at
        while end < len(symbol) and symbol[end].isdigit():
            end += 1
        at = end + int(symbol[at:end])
        if at > len(symbol):
            return False
    return at == len(symbol) - 1 and symbol[at] == "E"
