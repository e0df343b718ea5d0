"""``autoglm-compat bisect`` offline: real wheels, a real PEP 503 index, real uv and pip, real SIGINT.

The wheels are made here (a package ``brk`` whose 1.3 breaks ``brk.check()`` and adds a
dependency); everything else is the real thing: ``pip config list`` reads a real pip.conf,
uv and pip build real virtual environments from a file:// index and a find-links directory.
The bisects over PyPI's real peft and transformers releases are in
tests/integration/test_bisect_real.py (``nox -s bisect``).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest
from packaging.tags import Tag
from packaging.version import Version

from pytest_autoglm_compat.tools import bisect as b
from pytest_autoglm_compat.tools import pip_config
from pytest_autoglm_compat.tools.bisect import envs, releases

GOOD_CODE = "def check():\n    return 'ok'\n"
BAD_CODE = "def check():\n    raise ImportError(\"cannot import name 'no_init_weights' from 'brk.utils'\")\n"


def make_wheel(where: Path, name: str, version: str, *, code: str = "", requires: tuple[str, ...] = (),
               tag: str = "py3-none-any", requires_python: str | None = None) -> Path:
    """A real, installable wheel (METADATA, WHEEL, RECORD with hashes)."""
    dist = f"{name}-{version}.dist-info"
    meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    meta += "".join(f"Requires-Dist: {r}\n" for r in requires)
    if requires_python:
        meta += f"Requires-Python: {requires_python}\n"
    files = {f"{name}/__init__.py": code, f"{dist}/METADATA": meta,
             f"{dist}/WHEEL": f"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: {tag}\n"}
    record = []
    for path, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(text.encode())}")
    record.append(f"{dist}/RECORD,,")
    files[f"{dist}/RECORD"] = "\n".join(record) + "\n"
    where.mkdir(parents=True, exist_ok=True)
    wheel = where / f"{name}-{version}-{tag}.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        for path, text in files.items():
            zf.writestr(path, text)
    return wheel


def write_index(root: Path, name: str, wheels: list[Path], *, yanked: tuple[str, ...] = ()) -> None:
    """A PEP 503 page as a static index serves it (``data-yanked`` on yanked files)."""
    page = root / name / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    links = []
    for wheel in wheels:
        attr = ' data-yanked=""' if any(wheel.name.startswith(f"{name}-{v}-") for v in yanked) else ""
        links.append(f'<a href="../../files/{wheel.name}"{attr}>{wheel.name}</a>')
    page.write_text("<!DOCTYPE html><html><body>\n" + "\n".join(links) + "\n</body></html>\n")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """brk 1.0-1.5 (+ 1.4rc1, yanked 1.1, 1.6 for another platform) on an index; helper on find-links.

    The user's pip configuration is a real pip.conf; uv's cache is private to the test.
    """
    files = tmp_path / "files"
    wheels = [make_wheel(files, "brk", v, code=GOOD_CODE) for v in ("1.0", "1.1", "1.2")]
    wheels += [make_wheel(files, "brk", v, code=BAD_CODE, requires=("helper>=1",)) for v in ("1.3", "1.4rc1",
                                                                                             "1.4", "1.5")]
    wheels.append(make_wheel(files, "brk", "1.6", code=BAD_CODE, tag="cp27-cp27mu-manylinux1_x86_64"))
    write_index(tmp_path / "simple", "brk", wheels, yanked=("1.1",))
    make_wheel(tmp_path / "links", "helper", "1.0")
    conf = tmp_path / "pip.conf"
    conf.write_text(f"[global]\nindex-url = file://{tmp_path / 'simple'}\nfind-links = {tmp_path / 'links'}\n")
    for var in [v for v in os.environ if v.startswith(("PIP_", "UV_"))]:
        monkeypatch.delenv(var)
    monkeypatch.setenv("PIP_CONFIG_FILE", str(conf))
    monkeypatch.setenv("UV_CACHE_DIR", str(tmp_path / "uv-cache"))
    (tmp_path / "base.txt").write_text("helper==1.0\n")
    return tmp_path


def bisect_cli(repo: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "bisect", *args], capture_output=True,
                          text=True, timeout=timeout, check=False, cwd=repo)


CHECK = ["--", "python", "-c", "import brk; brk.check()"]


# --------------------------------------------------------------------------- configuration


def test_pip_config_list_is_read_with_pips_precedence() -> None:
    text = ("global.find-links='/opt/wheels'\nglobal.index-url='https://mirror.example/simple'\n"
            "install.index-url='https://install.example/simple'\n"
            "global.extra-index-url='file:///opt/pypi/simple file:///opt/pypi-more/simple'\n"
            "global.constraint='/etc/xdg/pip/constraints.txt'\n:env:.find-links='/env/wheels'\n")
    config = pip_config.PipConfig.from_items(pip_config.parse_pip_config_list(text))
    assert config == pip_config.PipConfig(index_url="https://install.example/simple",
                                   extra_index_urls=("file:///opt/pypi/simple", "file:///opt/pypi-more/simple"),
                                   find_links=("/env/wheels",), constraints=("/etc/xdg/pip/constraints.txt",))
    assert pip_config.uv_flags(config) == [
        "--index-url", "https://install.example/simple",
        "--extra-index-url", "file:///opt/pypi/simple", "--extra-index-url", "file:///opt/pypi-more/simple",
        "--find-links", "/env/wheels", "--constraint", "/etc/xdg/pip/constraints.txt",
        "--index-strategy", "unsafe-best-match"]


def test_the_real_pip_reads_the_users_files_and_variables(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIP_EXTRA_INDEX_URL", "file:///x/simple file:///y/simple")
    monkeypatch.setenv("PIP_CERT", "/etc/ssl/certs/ca-certificates.crt")
    config = pip_config.read_pip_config()
    assert config.index_url == f"file://{repo / 'simple'}"
    assert config.extra_index_urls == ("file:///x/simple", "file:///y/simple")
    assert config.find_links == (str(repo / "links"),)
    assert pip_config.uv_env(config, {}) == {"SSL_CERT_FILE": "/etc/ssl/certs/ca-certificates.crt"}


def test_pip_no_index_becomes_uvs() -> None:
    config = pip_config.PipConfig.from_items({":env:.no-index": "1", "global.find-links": "/w"})
    assert config.indexes == ()
    assert pip_config.uv_flags(config) == ["--no-index", "--find-links", "/w", "--index-strategy", "unsafe-best-match"]


# --------------------------------------------------------------------------- releases


def test_releases_leave_out_yanked_prereleases_and_other_platforms(repo: Path) -> None:
    listing = b.list_releases("BRK", pip_config.read_pip_config(), tags=[Tag("py3", "none", "any")])
    assert [str(v) for v in listing.usable] == ["1.0", "1.2", "1.3", "1.4rc1", "1.4", "1.5"]
    assert listing.left_out == {Version("1.1"): "yanked", Version("1.6"): "no wheel for this interpreter"}
    assert [str(v) for v in b.candidates(listing, "1.0", "1.5", pre=False)] == ["1.0", "1.2", "1.3", "1.4", "1.5"]
    assert "1.4rc1" in [str(v) for v in b.candidates(listing, "1.0", "1.5", pre=True)]


def test_pep_691_json_and_requires_python() -> None:
    files = releases._json_files({"files": [{"filename": "brk-2.0-py3-none-any.whl", "yanked": "broken"},
                                     {"filename": "brk-2.1-py3-none-any.whl", "requires-python": ">=3.99"}]})
    assert files == [releases._File("brk-2.0-py3-none-any.whl", True, None),
                     releases._File("brk-2.1-py3-none-any.whl", False, ">=3.99")]


@pytest.mark.parametrize(("args", "message"), [
    (["nosuch", "--good", "1.0", "--bad", "1.5"],
     "autoglm-compat: error: no package 'nosuch' on the configured indexes (file://{repo}/simple, "
     "find-links {repo}/links)"),
    (["brk", "--good", "1.1", "--bad", "1.5"],
     "autoglm-compat: error: brk 1.1 (--good): left out: yanked; releases here include: 1.0, 1.2, 1.3, 1.4rc1, "
     "1.4, 1.5"),
    (["brk", "--good", "1.0", "--bad", "9.9"],
     "autoglm-compat: error: brk 9.9 (--bad): not on the configured indexes; releases here include: 1.0, 1.2, 1.3, "
     "1.4rc1, 1.4, 1.5"),
    (["brk", "--good", "1.5", "--bad", "1.0"], "autoglm-compat: error: --good 1.5 must be an older release than "
                                                "--bad 1.0"),
    (["brk", "--good", "1.0", "--bad", "1.5"],
     "autoglm-compat: error: bisect needs a command after '--', e.g. -- python -c 'import auto_gptq'"),
])
def test_usage_errors_name_what_is_wrong(repo: Path, args: list[str], message: str) -> None:
    tail = CHECK if "needs a command" not in message else []
    done = bisect_cli(repo, *args, *tail)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines()[-1] == message.format(repo=repo)


# --------------------------------------------------------------------------- the search


def test_bisect_names_the_first_bad_release_and_what_it_changed(repo: Path) -> None:
    cache = repo / "envs"
    done = bisect_cli(repo, "brk", "--good", "1.0", "--bad", "1.5", "--requirements", "base.txt",
                      "--cache-dir", str(cache), *CHECK)
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    assert out[:3] == ["last good: brk 1.2", "first bad: brk 1.3",
                       "output of `python -c 'import brk; brk.check()'` with brk 1.3 (exit 1), last lines:"]
    assert "    ImportError: cannot import name 'no_init_weights' from 'brk.utils'" in out
    assert out[out.index("what brk 1.3 changed in its dependencies (Requires-Dist, METADATA of 1.2 -> 1.3):") + 1] \
        == "    added    helper>=1"
    assert out[-1].startswith("tested: 1.0 good, 1.5 bad, 1.3 bad, 1.2 good (4 environments: 4 built, 0 reused; ")
    assert "bisect: brk: 5 releases from 1.0 to 1.5 (pre-releases left out), ~4 steps;" in done.stderr
    assert "bisect: brk 1.3: step 3 of ~4, running python -c 'import brk; brk.check()'," in done.stderr
    # the environments stay for the next run, which builds nothing
    assert len([p for p in cache.iterdir() if (p / envs.MARKER).is_file()]) == 4
    again = bisect_cli(repo, "brk", "--good", "1.0", "--bad", "1.5", "--requirements", "base.txt",
                       "--cache-dir", str(cache), *CHECK)
    assert again.returncode == 0
    assert "(4 environments: 0 built, 4 reused; " in again.stdout.splitlines()[-1]
    assert "building" not in again.stderr


def test_jobs_search_several_releases_at_once_and_agree(repo: Path) -> None:
    done = bisect_cli(repo, "brk", "--good", "1.0", "--bad", "1.5", "--pre", "--jobs", "2", "--requirements",
                      "base.txt", "--cache-dir", str(repo / "envs"), *CHECK)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:2] == ["last good: brk 1.2", "first bad: brk 1.3"]
    assert "releases from 1.0 to 1.5 (pre-releases included), ~3 steps" in done.stderr


@pytest.mark.parametrize(("good", "bad", "message"), [
    ("1.3", "1.5", "brk 1.3 (--good) is not good: the command failed (exit 1); its output, last lines:"),
    ("1.0", "1.2", "brk 1.2 (--bad) is not bad: the command passed"),
])
def test_wrong_ends_exit_1_saying_which(repo: Path, good: str, bad: str, message: str) -> None:
    done = bisect_cli(repo, "brk", "--good", good, "--bad", bad, "--requirements", "base.txt",
                      "--cache-dir", str(repo / "envs"), *CHECK)
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines()[0] == message


def test_pip_builds_the_environments_where_uv_is_not_wanted(repo: Path) -> None:
    done = bisect_cli(repo, "brk", "--good", "1.2", "--bad", "1.3", "--installer", "pip", "--requirements",
                      "base.txt", "--cache-dir", str(repo / "envs"), *CHECK)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:2] == ["last good: brk 1.2", "first bad: brk 1.3"]
    assert "installer pip" in done.stderr


def test_uv_sees_every_index_as_pip_does(repo: Path) -> None:
    """An extra index that has only brk 1.9 must not hide the main index's 1.2 (uv's default would)."""
    write_index(repo / "extra", "brk", [make_wheel(repo / "files", "brk", "1.9", code=GOOD_CODE)])
    config = pip_config.PipConfig(index_url=f"file://{repo / 'simple'}", extra_index_urls=(f"file://{repo / 'extra'}",),
                           find_links=(str(repo / "links"),))
    uv = pip_config.find_uv()
    assert uv is not None, "uv is a test dependency"
    builder = b.Builder("brk", {}, config, repo / "envs", uv)
    env = builder.build(Version("1.2"))
    assert [d.version for d in metadata.distributions(path=envs.site_packages(env)) if d.metadata["Name"] == "brk"] \
        == ["1.2"]


def test_the_running_environment_is_untouched(repo: Path) -> None:
    before = sorted((d.metadata["Name"], d.version) for d in metadata.distributions())
    done = bisect_cli(repo, "brk", "--good", "1.2", "--bad", "1.3", "--requirements", "base.txt", "--cache-dir",
                      str(repo / "envs"), *CHECK)
    assert done.returncode == 0, done.stderr
    assert sorted((d.metadata["Name"], d.version) for d in metadata.distributions()) == before
    assert all(d.metadata["Name"] != "brk" for d in metadata.distributions())


def test_an_environments_pins_are_its_distributions(repo: Path) -> None:
    """The default base: what the running interpreter has installed, read the same way from any site-packages."""
    builder = b.Builder("brk", {"helper": "helper==1.0"}, pip_config.read_pip_config(), repo / "envs", pip_config.find_uv())
    env = builder.build(Version("1.3"))
    assert b.pins_from_environment(envs.site_packages(env)) == {"brk": "brk==1.3", "helper": "helper==1.0"}
    here = b.pins_from_environment()
    assert here["pytest-autoglm-compat"] == f"-e {Path(envs.__file__).parents[4]}"  # this checkout
    assert here["packaging"] == f"packaging=={metadata.version('packaging')}"


def _as_from_a_terminal() -> None:
    """Ctrl-C's default, as a terminal gives it: a run started in the background by a non-interactive shell
    (``nohup ... &``) inherits SIGINT ignored, and no Ctrl-C reaches any program then."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize(("jobs", "stop", "code"), [(1, signal.SIGINT, 130), (2, signal.SIGINT, 130),
                                                 (2, signal.SIGTERM, 143)])
def test_ctrl_c_or_sigterm_stops_the_command_and_removes_what_this_run_made(repo: Path, jobs: int, stop: int,
                                                                           code: int) -> None:
    """SIGTERM (a CI job cancelled, `timeout`, `kill`) ends the run as Ctrl-C does: no orphan, nothing left."""
    pids = repo / "pids"
    pids.mkdir()
    slow = f"import os, time; open(os.path.join({str(pids)!r}, str(os.getpid())), 'w').close(); time.sleep(120)"
    cache = repo / "envs"
    proc = subprocess.Popen([sys.executable, "-m", "pytest_autoglm_compat", "bisect", "brk", "--good", "1.0",
                             "--bad", "1.5", "--jobs", str(jobs), "--requirements", "base.txt", "--cache-dir",
                             str(cache), "--", "python", "-c", slow], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=repo, preexec_fn=_as_from_a_terminal)
    deadline = time.monotonic() + 120
    while len(list(pids.iterdir())) < jobs:  # every job's command is running
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.1)
    children = [int(p.name) for p in pids.iterdir()]
    proc.send_signal(stop)
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:  # leave no process behind for the tests after this one
        for pid in (proc.pid, *children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        proc.communicate()
        raise
    assert proc.returncode == code, err
    how = "terminated" if stop == signal.SIGTERM else "interrupted"
    assert err.splitlines()[-1] == f"autoglm-compat: bisect {how}; removed the {jobs} environment(s) this run made"
    assert list(cache.iterdir()) == []
    for child in children:
        with pytest.raises(ProcessLookupError):
            os.kill(child, 0)
    assert out == ""


def test_estimated_steps() -> None:
    assert [b.estimated_steps(n, 1) for n in (2, 3, 5, 11, 45)] == [2, 3, 4, 6, 8]
    assert [b.estimated_steps(n, 2) for n in (2, 3, 5, 11, 45)] == [1, 2, 3, 4, 5]


def test_snapshot_pins_are_the_base(repo: Path) -> None:
    """A snapshot written by ``autoglm-compat probe`` (the real legacy stack's), its packages swapped for ours."""
    import json

    data = json.loads((Path(__file__).parent / "data" / "snapshot-autogptq.json").read_text())
    # as `autoglm-compat probe` writes it in a checkout: this plugin's own version, which no index has
    data["packages"] = {"helper": "1.0", "brk": "1.0", "pytest-autoglm-compat": "0.1.0"}
    (repo / "snap.json").write_text(json.dumps(data))
    done = bisect_cli(repo, "brk", "--good", "1.0", "--bad", "1.3", "--snapshot", "snap.json", "--cache-dir",
                      str(repo / "envs"), *CHECK)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:2] == ["last good: brk 1.2", "first bad: brk 1.3"]
    assert "pins from snapshot snap.json;" in done.stderr
    assert ("bisect: not on the configured indexes, left out of the environments: pytest-autoglm-compat==0.1.0"
            in done.stderr.splitlines())


def test_a_good_release_after_the_first_bad_one_is_pointed_out(repo: Path) -> None:
    """A break that a later release fixed (peft 0.18.0 on transformers 4.46.3 is one): the answer stands, with a note."""
    files = repo / "files"
    wheels = [make_wheel(files, "brk", v, code=c) for v, c in (("2.0", GOOD_CODE), ("2.1", BAD_CODE),
                                                                ("2.2", GOOD_CODE), ("2.3", BAD_CODE))]
    write_index(repo / "simple", "brk", wheels)
    done = bisect_cli(repo, "brk", "--good", "2.0", "--bad", "2.3", "--jobs", "2", "--requirements", "base.txt",
                      "--cache-dir", str(repo / "envs"), *CHECK)
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    assert out[:2] == ["last good: brk 2.0", "first bad: brk 2.1"]
    assert out[-2] == ("note: brk 2.2 passed although newer than the first bad release: the command does not fail on "
                       "every release after 2.1; --good 2.2 finds the next break")
    assert "what brk 2.1 changed in its dependencies: nothing (Requires-Dist and Requires-Python as in 2.0)" in out


def test_values_over_several_lines_of_pip_conf_are_read_as_pip_reads_them(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """pip's documented form for several indexes: one per line. pip prints the value with newlines in it."""
    conf = tmp_path / "pip.conf"
    conf.write_text("[global]\nindex-url = https://main.example/simple\nextra-index-url =\n"
                    "    https://a.example/simple\n    https://b.example/simple\nfind-links =\n"
                    "    /opt/wheels\n    /opt/more-wheels\n")
    monkeypatch.setenv("PIP_CONFIG_FILE", str(conf))
    for name in ("PIP_FIND_LINKS", "PIP_EXTRA_INDEX_URL", "PIP_INDEX_URL"):
        monkeypatch.delenv(name, raising=False)
    listed = subprocess.run([sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True,
                            check=True).stdout
    assert "global.extra-index-url='\\nhttps://a.example/simple\\nhttps://b.example/simple'" in listed.splitlines()
    config = pip_config.read_pip_config()
    assert config.extra_index_urls == ("https://a.example/simple", "https://b.example/simple")
    assert config.find_links == ("/opt/wheels", "/opt/more-wheels")
    assert pip_config.uv_flags(config)[:6] == ["--index-url", "https://main.example/simple",
                                               "--extra-index-url", "https://a.example/simple",
                                               "--extra-index-url", "https://b.example/simple"]


@pytest.fixture
def private_index(repo: Path) -> Iterator[str]:
    """The repo's index and files over HTTP on loopback, behind Basic auth (a team's private index)."""
    import functools
    import http.server
    import threading

    expected = "Basic " + base64.b64encode(b"alice:p@ssW0RD").decode()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.headers.get("Authorization") != expected:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="private"')
                self.end_headers()
                return
            super().do_GET()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(repo)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://alice:p@ssW0RD@127.0.0.1:{server.server_address[1]}/simple"
    finally:
        server.shutdown()
        server.server_close()


def test_bisect_reads_and_installs_from_an_index_whose_url_carries_credentials(repo: Path, private_index: str) -> None:
    """pip accepts https://user:password@host/simple (a raw '@' in the password too): so must bisect,
    without printing the password or putting it on uv's command line, where `ps` shows it."""
    (repo / "pip.conf").write_text(f"[global]\nindex-url = {private_index}\nfind-links = {repo / 'links'}\n")
    config = pip_config.read_pip_config()
    assert config.index_url == private_index
    assert not any("ssW0RD" in flag for flag in pip_config.uv_flags(config))
    assert "ssW0RD" in pip_config.uv_env(config, {})["UV_INDEX_URL"]
    done = bisect_cli(repo, "brk", "--good", "1.0", "--bad", "1.5", "--requirements", "base.txt",
                      "--cache-dir", str(repo / "envs"), *CHECK)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:2] == ["last good: brk 1.2", "first bad: brk 1.3"]
    assert "ssW0RD" not in done.stdout + done.stderr
    missing = bisect_cli(repo, "no-such-package", "--good", "1.0", "--bad", "1.5", *CHECK)
    assert missing.returncode == 2
    assert "ssW0RD" not in missing.stdout + missing.stderr
    assert f"no package 'no-such-package' on the configured indexes ({private_index.replace('alice:p@ssW0RD', '***')}" \
        in missing.stderr


def test_two_runs_sharing_a_cache_build_each_environment_once_and_both_finish(repo: Path) -> None:
    """Two bisects over one cache used to delete each other's half-built environments ("--good cannot be
    installed" in 2 of 3 tries): each environment is built under a lock, the other run waits and reuses it."""
    cache = repo / "envs"
    argv = [sys.executable, "-m", "pytest_autoglm_compat", "bisect", "brk", "--good", "1.0", "--bad", "1.5",
            "--requirements", "base.txt", "--cache-dir", str(cache), *CHECK]
    procs = [subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=repo)
             for _ in range(3)]
    results = [proc.communicate(timeout=300) for proc in procs]
    for proc, (out, err) in zip(procs, results):
        assert proc.returncode == 0, err
        assert out.splitlines()[:2] == ["last good: brk 1.2", "first bad: brk 1.3"]
    assert sorted(p.name.split("-")[1] for p in cache.iterdir()) == ["1.0", "1.2", "1.3", "1.5"]  # no lock left
    assert all((p / envs.MARKER).is_file() for p in cache.iterdir())


def test_a_build_that_fails_leaves_nothing_in_the_cache(repo: Path) -> None:
    builder = b.Builder("brk", {"helper": "helper==9.9"}, pip_config.read_pip_config(), repo / "envs",
                        pip_config.find_uv())
    with pytest.raises(envs.BuildFailed):
        builder.build(Version("1.0"))
    assert list((repo / "envs").iterdir()) == []


def test_a_command_that_hangs_is_ended_after_the_timeout_and_counts_as_failing(repo: Path) -> None:
    """brk 1.3 onwards hangs instead of raising: the hang is the break to find."""
    hang = "import brk, time; exec('try:\\n brk.check()\\nexcept ImportError:\\n time.sleep(600)')"
    done = bisect_cli(repo, "brk", "--good", "1.0", "--bad", "1.5", "--requirements", "base.txt", "--timeout", "3",
                      "--cache-dir", str(repo / "envs"), "--", "python", "-c", hang)
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    assert out[:2] == ["last good: brk 1.2", "first bad: brk 1.3"]
    assert out[2].endswith("with brk 1.3 (exit 124), last lines:")
    assert "    [autoglm-compat: ended after 3 s (bisect --timeout)]" in out


def test_a_command_without_the_execute_bit_is_named_not_a_traceback(repo: Path) -> None:
    script = repo / "check.sh"
    script.write_text("#!/bin/sh\npython -c 'import brk; brk.check()'\n")
    script.chmod(0o644)
    done = bisect_cli(repo, "brk", "--good", "1.0", "--bad", "1.5", "--requirements", "base.txt",
                      "--cache-dir", str(repo / "envs"), "--", str(script))
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert f"    {script}: permission denied (not executable)" in done.stdout.splitlines()
