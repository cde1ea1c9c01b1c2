"""What was made of an object, kept for as long as the object lives: for objects that cannot be dict keys by
value (a DataFrame has no hash; a pyarrow Table compares by content), so the key is the object's id and a weak
reference tells a live object from a freed one whose id was reused. An entry goes when its object is freed."""

from __future__ import annotations

import threading
import weakref
from typing import Any


class WeakIdMap:
    """object -> value by identity; thread-safe."""

    def __init__(self) -> None:
        self._items: dict[int, tuple[weakref.ref, Any]] = {}
        self._lock = threading.RLock()  # re-entrant: a collection inside the lock may run a forget callback

    def get(self, obj: object) -> Any:
        """The value kept for this very object, or None."""
        hit = self._items.get(id(obj))
        return hit[1] if hit is not None and hit[0]() is obj else None

    def put(self, obj: object, value: Any) -> Any:
        """Keep value for obj until obj is freed; returns value."""
        key = id(obj)

        def forget(ref: weakref.ref, key: int = key) -> None:
            with self._lock:
                if self._items.get(key, (None,))[0] is ref:
                    del self._items[key]

        with self._lock:
            self._items[key] = (weakref.ref(obj, forget), value)
        return value

    def __contains__(self, key: int) -> bool:
        """Whether an entry is kept under this id (for tests: it goes with its object)."""
        return key in self._items
