"""The project's error types. Messages say what is wrong, where, and what to do."""


class WargameError(Exception):
    """Base of every error the app and CLI show to a user."""


class ActionError(WargameError):
    """An action that is not valid in the current state; nothing was changed."""


class GameFileError(WargameError):
    """A game or scenario file that cannot be read."""


class MapDataError(WargameError):
    """Map data that is missing or malformed."""


class FileChangedError(GameFileError):
    """The file changed on disk since it was opened or last saved (another window, another
    program): saving would overwrite that change, so the user is asked first."""
