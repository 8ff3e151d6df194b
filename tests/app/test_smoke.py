def test_start_page_names_the_service(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Facial Recognition Oversight Register" in response.get_data(as_text=True)
