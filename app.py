from oversight import create_app

app = create_app()
