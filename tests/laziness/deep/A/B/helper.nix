"helper"
