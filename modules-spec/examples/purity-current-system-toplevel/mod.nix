{ System = __currentSystem; }
