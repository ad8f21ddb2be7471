[ ''
  abc
