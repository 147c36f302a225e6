"""Grading for instructors: sandboxed, parallel autograding on nbgrader's gradebook.

Modules (imported on demand, so that the sandboxed runner starts fast):

- :mod:`lazylearn.grading.config`: the course folder as nbgrader sees it;
- :mod:`lazylearn.grading.collect`: import submissions into ``submitted/``;
- :mod:`lazylearn.grading.autograde`: prepare, execute in parallel, write the gradebook;
- :mod:`lazylearn.grading.sandbox`: one notebook in a bubblewrap sandbox;
- :mod:`lazylearn.grading.runner`: what runs inside the sandbox;
- :mod:`lazylearn.grading.report`: the class report;
- :mod:`lazylearn.grading.nbgrader_apps`: nbgrader's generate_assignment, feedback and export.
"""
__all__: list[str] = []
