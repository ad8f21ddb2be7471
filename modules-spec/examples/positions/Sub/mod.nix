{ Pos = __curPos; }
