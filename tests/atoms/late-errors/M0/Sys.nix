{ system = __currentSystem; }
