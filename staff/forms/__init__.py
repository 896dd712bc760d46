from staff.forms.dates import *  # noqa: F403
