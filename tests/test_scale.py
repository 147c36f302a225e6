"""Large-course paths: the gradebook on a real PostgreSQL server, grading on a Dask cluster."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from test_grading import CH01, cell, load, make_course, run_cli, set_source, submit

from lazylearn.cli import ExitCode

pytestmark = pytest.mark.slow


def small_class(root: Path) -> dict:
    solved, blank = load(root, "solutions"), load(root, "exercises")
    half = set_source(solved, "grads-answer", cell(blank, "grads-answer")["source"])
    expected = {"ann": 9.0, "ben": 0.0, "cid": 6.0, "dot": 9.0}
    for student, nb in zip(expected, (solved, blank, half, solved), strict=True):
        submit(root, student, nb)
    return expected


def scores(db_url: str) -> dict:
    from nbgrader.api import Gradebook
    with Gradebook(db_url) as gb:
        return {s.student.id: float(s.score) for s in gb.find_assignment(CH01).submissions}


def _postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


@pytest.fixture(scope="module")
def postgres():
    """A throwaway PostgreSQL server on a Unix socket only; yields its SQLAlchemy URL."""
    bindir = _postgres_bin()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin; Debian: apt-get install postgresql)")
    try:
        pg = pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("no 'postgres' system user to run the server as")
    runuser = shutil.which("runuser")
    if os.geteuid() == 0 and runuser is None:
        pytest.skip("runuser not found (util-linux)")
    as_pg = [runuser, "-u", "postgres", "--"] if os.geteuid() == 0 else []
    top = Path(tempfile.mkdtemp(prefix="lazylearn-pg-"))
    top.chmod(0o755)
    data, sock = top / "data", top / "sock"
    for d in (data, sock):
        d.mkdir()
        os.chown(d, pg.pw_uid, pg.pw_gid)
    subprocess.run(as_pg + [str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"],
                   check=True, capture_output=True)
    subprocess.run(as_pg + [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(data / "log"), "-w", "-o",
                            f"-k {sock} -c listen_addresses=''", "start"], check=True, capture_output=True)
    try:
        import psycopg2
        con = psycopg2.connect(dbname="postgres", user="postgres", host=str(sock))
        con.autocommit = True
        con.cursor().execute("CREATE DATABASE gradebook")
        con.close()
        yield f"postgresql+psycopg2://postgres@/gradebook?host={sock}"
    finally:
        subprocess.run(as_pg + [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(top, ignore_errors=True)


def test_gradebook_on_postgresql(postgres, tmp_path):
    root = make_course(tmp_path / "course")
    expected = small_class(root)
    run_cli(["grade", "ch01", "--course", root, "--db-url", postgres, "--jobs", "2", "--quiet"])
    assert scores(postgres) == expected
    run_cli(["export", "--course", root, "--db-url", postgres, "--to", tmp_path / "g.csv"])
    assert (tmp_path / "g.csv").read_text().count(CH01) == len(expected)


def test_second_grade_on_postgresql_is_refused(postgres, tmp_path, capsys):
    import sqlalchemy

    from lazylearn.grading.autograde import postgres_lock_key
    root = make_course(tmp_path / "course")
    small_class(root)
    engine = sqlalchemy.create_engine(postgres, poolclass=sqlalchemy.pool.NullPool)
    with engine.connect() as conn:  # another 'lazylearn grade' holding the gradebook
        conn.execute(sqlalchemy.text(f"SELECT pg_advisory_lock({postgres_lock_key(CH01)})"))
        run_cli(["grade", "ch01", "--course", root, "--db-url", postgres, "--quiet"], retcode=ExitCode.USAGE_ERROR)
        assert f"another 'lazylearn grade {CH01}'" in capsys.readouterr().err
    engine.dispose()


def test_dask_cluster_grades_like_the_serial_path(tmp_path):
    from distributed import LocalCluster
    serial = make_course(tmp_path / "serial")
    expected = small_class(serial)
    run_cli(["grade", "ch01", "--course", serial, "--jobs", "1", "--quiet"])
    spread = tmp_path / "dask"
    shutil.copytree(serial, spread, ignore=shutil.ignore_patterns("gradebook.db*", "autograded", "reports"))
    (spread / "nbgrader_config.py").write_text((serial / "nbgrader_config.py").read_text())
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        run_cli(["grade", "ch01", "--course", spread, "--scheduler", cluster.scheduler_address, "--quiet"])
    assert scores(f"sqlite:///{serial / 'gradebook.db'}") == expected
    assert scores(f"sqlite:///{spread / 'gradebook.db'}") == expected
