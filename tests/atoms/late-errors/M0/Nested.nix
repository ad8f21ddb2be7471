{ deep.value = throw "nested boom"; }
