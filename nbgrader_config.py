"""nbgrader configuration of the course "Lazy Neural Networks".

Read by every ``nbgrader`` command run from the repository root and by every ``lazylearn`` command:

    solutions/chNN-name/chNN-name.ipynb   instructor notebooks (solutions, hidden tests)
    exercises/chNN-name/chNN-name.ipynb   what students get (nbgrader generate_assignment)
    submitted/ autograded/ feedback/      grading folders (never committed)

The gradebook is SQLite in the course root unless LAZYLEARN_DB_URL names another SQLAlchemy URL
(for example postgresql+psycopg2://user@/gradebook?host=/run/postgresql; SQLAlchemy 2 needs the +psycopg2 driver name).
"""
import os

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

_root = os.path.dirname(os.path.abspath(__file__)) if "__file__" in globals() else os.getcwd()

c.CourseDirectory.root = _root
c.CourseDirectory.course_id = "lazy-neural-networks"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.db_url = os.environ.get(
    "LAZYLEARN_DB_URL", "sqlite:///" + os.path.join(_root, "gradebook.db"))

# Released answer cells: what replaces the code between ### BEGIN SOLUTION and ### END SOLUTION.
c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE HERE (replace this line and the next one)\n"
              "raise NotImplementedError(\"your code goes here\")",
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Autograding. Each exercise notebook runs in well under a minute; a cell that takes longer is
# stuck (an endless loop in a submission), and is stopped and counted as an error.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
c.Execute.execute_retries = 0
c.Execute.allow_errors = True

# A test cell whose output contains stderr scores zero: drop stderr that is only a warning
# (NumPy's "RuntimeWarning: overflow ..." while a diverging run is tested, DeprecationWarnings
# from libraries), so warnings never cost points. Errors are separate outputs and still count.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"\w*Warning: "

# Test cells are locked; a submission that edits one gets the gradebook's copy back (with its
# hidden tests). One that deletes a test cell gets it re-inserted after the previous graded cell.
c.OverwriteCells.enabled = True
c.OverwriteCells.add_missing_cells = True

# Students and assignments are created in the gradebook on first use (headless batch grading).
c.Autograde.create_student = True
c.GenerateAssignment.create_assignment = True

# Feedback shows the tracebacks of failed tests; keep long outputs readable.
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 100
