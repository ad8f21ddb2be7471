throw "a thrown message"
