"""What the Python tests share: TAP output, and the sample store built with the command
itself (the register given, the eight sample waves of parents and institutions)."""
import os
import subprocess


class Tap:
    """Numbered TAP lines; `plan()` prints the closing 1..N."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, detail=""):
        self.n += 1
        print(("ok %d - %s" if cond else "not ok %d - %s") % (self.n, name))
        if not cond:
            self.failed += 1
            for line in str(detail).splitlines()[:20]:
                print("# " + line)

    def plan(self):
        print("1..%d" % self.n)


def sample_store(om, src, db, register, tap):
    """Builds the store db from sample-data/ with `register` (relative to src). Returns
    om_run(*args) for further commands, or None after reporting a failed step on tap."""
    env = dict(os.environ, OUDERMONITOR_DB=db, LC_ALL="C.UTF-8")

    def om_run(*args):
        return subprocess.run([om] + list(args), capture_output=True, text=True, env=env,
                              cwd=src)

    for step in (["init"], ["register", register],
                 ["import", "-q", "--survey", "surveys/ouders.ini"]
                 + ["sample-data/ouders-%d.csv" % y for y in range(2013, 2017)],
                 ["import", "-q", "--survey", "surveys/instellingen.ini"]
                 + ["sample-data/instellingen-%d.csv" % y for y in range(2013, 2017)]):
        r = om_run(*step)
        if r.returncode != 0:
            tap.ok(False, "store: " + " ".join(step), r.stderr)
            return None
    return om_run
