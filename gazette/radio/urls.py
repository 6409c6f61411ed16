app_name = "radio"

urlpatterns: list = []
